using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;

namespace Contestlet.Web.Tests.Integration.Configuration;

public sealed class AuthOptionsTests
{
    [Fact]
    public void BindsAllowedRegionsWithoutDuplicatingTheDefault()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:AllowedRegions:0"] = "US" })
            .Build();

        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>()!;

        Assert.Equal(["US"], options.Regions);
    }

    [Fact]
    public void DefaultsToUsGivenNoRegions() => Assert.Equal(["US"], new AuthOptions().Regions);
}
