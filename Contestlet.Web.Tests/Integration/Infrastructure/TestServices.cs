using Contestlet.Web.Features.Entries;
using Contestlet.Web.Features.Winners;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Tests.Integration.Infrastructure;

/// <summary>Feature services wired over a test database, for tests that exercise a service without a whole app host.</summary>
public static class TestServices
{
    /// <summary>The public base URL texts' links start with in these services.</summary>
    public static readonly Uri PublicBaseUrl = new("https://contests.example.com");

    public static EntryService Entries(TestDatabase database, TimeProvider time) =>
        new(new TestDbContextFactory(database), time, new ClaimTokenProtector(new EphemeralDataProtectionProvider()), NullLogger<EntryService>.Instance,
            winners: Options.Create(new WinnersOptions { PublicBaseUrl = PublicBaseUrl }));
}
