using System.Net;
using System.Security.Cryptography;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Draws;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Admin.Contests;
using Contestlet.Web.Features.Draws;
using Contestlet.Web.Infrastructure.Hosting;
using Contestlet.Web.Tests.Integration.Admin;
using Contestlet.Web.Tests.Integration.SignIn;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Contestlet.Web.Tests.Integration.Security;

/// <summary>
/// Issue 13 item 2: what the database holds is not enough to become an admin or predict a draw. Data-protection keys
/// and undrawn seeds are sealed with keys derived from SECRET_KEY (docs/decisions/017-secrets-at-rest.md), and a
/// rotation (SECRET_KEY_PREVIOUS) keeps every undrawn contest drawable.
/// </summary>
public sealed class SecretsAtRestTests
{
    private const string Admin = "+15551234567";
    private const string KeyA = "first-secret-key-of-at-least-32-characters";
    private const string KeyB = "second-secret-key-of-at-least-32-characters";
    private static readonly AdminActor Dana = new(Admin, "Dana");

    private static Dictionary<string, string?> Keys(string secretKey, string? previous = null) => new()
    {
        ["Auth:AdminPhones:0"] = Admin,
        ["Security:SecretKey"] = secretKey,
        ["Security:PreviousSecretKey"] = previous,
    };

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RefusesACookieForgedFromTheDatabasesKeysByAnInstanceWithAnotherSecretKey(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            await using var app = new ContestletAppFactory(database, settings: Keys(KeyA));
            var admin = new SignInBrowser(app.WithClientAddresses());
            await admin.SignInAsync(Admin);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).StatusCode);

            await using (var db = app.CreateDbContext())
            {
                var keys = await db.DataProtectionKeys.AsNoTracking().ToListAsync();
                Assert.NotEmpty(keys);
                Assert.All(keys, key =>
                {
                    Assert.DoesNotContain("<masterKey", key.Xml);
                    Assert.Contains("<sealedKey", key.Xml);
                });
            }

            // Someone with a copy of the database runs the app on it, with their own SECRET_KEY, and replays the cookie.
            await using var attacker = new ContestletAppFactory(database, settings: Keys(KeyB));
            var forged = admin.Clone(attacker.WithClientAddresses());
            Assert.StartsWith("/signin", SignInBrowser.Target(await forged.GetAsync("/admin")));

            // The real instance still knows its admin.
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).StatusCode);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task MigrateMakesTheOneKeyTheInstancesStartedAfterItShare(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            // The database already holds a key this SECRET_KEY cannot open (another environment's run on it).
            await using (var other = new ContestletAppFactory(database, settings: Keys(KeyB)))
            {
                Assert.Equal(HttpStatusCode.OK, (await other.CreateBrowserlessClient().GetAsync("/signin")).StatusCode);
            }

            int keysAfterMigrate;
            // The deploy's `migrate` never starts the host, so no hosted service runs in it (data protection's loads
            // the key ring at start and would make a key there itself).
            await using (var unstarted = new ContestletAppFactory(database, settings: Keys(KeyA)))
            await using (var migrate = unstarted.WithWebHostBuilder(host => host.ConfigureServices(services => services.RemoveAll<IHostedService>())))
            {
                await DatabaseStartup.MigrateAsync(migrate.Services, CancellationToken.None);
                keysAfterMigrate = await KeyCountAsync(migrate);
            }

            await using var first = new ContestletAppFactory(database, settings: Keys(KeyA));

            // Two instances start, serve pages, sign an admin in on one and read the cookie on the other: no key of
            // their own (before, each instance started on this database made one, and two at once made two).
            await using var second = new ContestletAppFactory(database, settings: Keys(KeyA));
            Assert.Equal(HttpStatusCode.OK, (await second.CreateBrowserlessClient().GetAsync("/signin")).StatusCode);
            var admin = new SignInBrowser(first.WithClientAddresses());
            await admin.SignInAsync(Admin);
            Assert.Equal(HttpStatusCode.OK, (await admin.Clone(second.WithClientAddresses()).GetAsync("/admin")).StatusCode);
            Assert.Equal(keysAfterMigrate, await KeyCountAsync(first));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task StoresTheSeedSealedUntilTheDrawWhichStillVerifies(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            await using var app = new ContestletAppFactory(database, settings: Keys(KeyA));
            var now = app.Time.GetUtcNow();
            var draft = await AdminTestKit.SaveAsync(database, Contest.Create(TestContests.Details("Sealed"),
                new ContestSchedule(now.AddHours(1), now.AddHours(2), "America/New_York"), now));
            await using (var scope = app.Services.CreateAsyncScope())
            {
                Assert.True((await scope.ServiceProvider.GetRequiredService<AdminContests>().PublishAsync(draft.Id, Dana, CancellationToken.None)).Succeeded);
            }

            await using (var db = app.CreateDbContext())
            {
                var published = await db.Contests.SingleAsync(c => c.Id == draft.Id);
                for (var i = 0; i < 5; i++)
                {
                    db.Entries.Add(published.Admit(Contestlet.Domain.Phones.PhoneNumber.FromE164($"+1555010{i:0000}"),
                        new Contestlet.Domain.Entries.EntryRequest(null, true), now.AddHours(1).AddMinutes(1)));
                }

                await db.SaveChangesAsync();
            }

            var stored = await StoredSeedAsync(app, draft.Id);
            var commitment = await CommitmentAsync(app, draft.Id);
            Assert.NotEqual(DrawAlgorithm.SeedLength, stored.Length);
            Assert.NotEqual(commitment, DrawAlgorithm.Commitment(stored));

            app.Time.Advance(TimeSpan.FromHours(3));
            var draw = await DrawAndVerifyAsync(app, draft.Id);
            var seed = Convert.FromHexString(draw.Seed);
            Assert.Equal(commitment, DrawAlgorithm.Commitment(seed));
            Assert.False(stored.AsSpan().IndexOf(seed) >= 0, "the stored column holds the seed");
            Assert.False(stored.AsSpan().IndexOf(seed.AsSpan(0, 8)) >= 0, "the stored column holds part of the seed");
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task DrawsMadeBeforeAndAfterARotationVerifyAndTheOldKeyCanGoAfterOneStart(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            int drawnBefore, drawnDuring, drawnAfter, publishedDuring;
            HttpStatusCode adminPageDuringRotation;
            SignInBrowser admin;
            await using (var before = new ContestletAppFactory(database, settings: Keys(KeyA)))
            {
                admin = new SignInBrowser(before.WithClientAddresses());
                await admin.SignInAsync(Admin);
                var vault = before.Services.GetRequiredService<IDrawSeedVault>();
                var now = before.Time.GetUtcNow();
                drawnBefore = (await AdminTestKit.SaveAsync(database, Published("Before", now, vault), entries: 7)).Id;
                drawnDuring = (await AdminTestKit.SaveAsync(database, Published("During", now, vault), entries: 9)).Id;
                drawnAfter = (await AdminTestKit.SaveAsync(database, Published("After", now, vault), entries: 11)).Id;
                before.Time.Advance(TimeSpan.FromHours(3));
                await DrawAndVerifyAsync(before, drawnBefore);
            }

            // Rotated: SECRET_KEY is new, the old one is SECRET_KEY_PREVIOUS. Sessions and undrawn contests carry on.
            await using (var during = new ContestletAppFactory(database, settings: Keys(KeyB, previous: KeyA)))
            {
                await DatabaseStartup.MigrateAsync(during.Services, CancellationToken.None);
                adminPageDuringRotation = (await admin.Clone(during.WithClientAddresses()).GetAsync("/admin")).StatusCode;
                var now = during.Time.GetUtcNow();
                publishedDuring = (await AdminTestKit.SaveAsync(database,
                    Published("Published during", now, during.Services.GetRequiredService<IDrawSeedVault>()), entries: 5)).Id;
                during.Time.Advance(TimeSpan.FromHours(3));
                await DrawAndVerifyAsync(during, drawnDuring);
            }

            Assert.Equal(HttpStatusCode.OK, adminPageDuringRotation);

            // The previous key dropped after that deploy: what it sealed was sealed again under the new key by `migrate`.
            await using var after = new ContestletAppFactory(database, settings: Keys(KeyB));
            after.Time.Advance(TimeSpan.FromHours(3));
            await DrawAndVerifyAsync(after, drawnAfter);
            await DrawAndVerifyAsync(after, publishedDuring);
            await using var db = after.CreateDbContext();
            Assert.All(await db.DataProtectionKeys.AsNoTracking().ToListAsync(), key => Assert.Contains("<sealedKey", key.Xml));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task SealsASeedStoredInClearAndDeletesKeysStoredInClearAtStart(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            // Rows as the previous release wrote them: the seed in clear in DrawSeed, a data-protection key in clear.
            var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
            var legacy = await AdminTestKit.SaveAsync(database, Published("Legacy", now, new ClearSeeds()), entries: 6);
            byte[] clearSeed;
            await using (var db = database.CreateContext())
            {
                await db.Contests.Where(c => c.Id == legacy.Id)
                    .ExecuteUpdateAsync(set => set.SetProperty(c => c.DrawSeed, c => c.SealedDrawSeed).SetProperty(c => c.SealedDrawSeed, (byte[]?)null));
                clearSeed = (await db.Contests.AsNoTracking().SingleAsync(c => c.Id == legacy.Id)).DrawSeed!;
                Assert.Equal(legacy.SeedCommitment, DrawAlgorithm.Commitment(clearSeed));
                db.DataProtectionKeys.Add(new DataProtectionKey
                {
                    FriendlyName = "key-0f7c",
                    Xml = "<key id=\"0f7c\" version=\"1\"><descriptor><descriptor><masterKey><value>c2VjcmV0</value></masterKey></descriptor></descriptor></key>",
                });
                await db.SaveChangesAsync();
            }

            // The deploy runs `migrate` (DatabaseStartup.MigrateAsync) before it starts the new release.
            await using var app = new ContestletAppFactory(database, settings: Keys(KeyA));
            await DatabaseStartup.MigrateAsync(app.Services, CancellationToken.None);
            await using (var db = app.CreateDbContext())
            {
                var contest = await db.Contests.AsNoTracking().SingleAsync(c => c.Id == legacy.Id);
                Assert.NotNull(contest.SealedDrawSeed);
                Assert.NotEqual(legacy.SeedCommitment, DrawAlgorithm.Commitment(contest.SealedDrawSeed!));
                Assert.False(contest.SealedDrawSeed.AsSpan().IndexOf(clearSeed) >= 0);
                // Expand: the clear column stays for the previous release (the rollback colour) until the contract step.
                Assert.Equal(clearSeed, contest.DrawSeed);

                // The draw reads the sealed seed from now on: the clear column no longer matters.
                await db.Contests.Where(c => c.Id == legacy.Id).ExecuteUpdateAsync(set => set.SetProperty(c => c.DrawSeed, new byte[32]));
            }

            await using (var db = app.CreateDbContext())
            {
                Assert.False(await db.DataProtectionKeys.AnyAsync(k => k.FriendlyName == "key-0f7c"));
            }

            app.Time.Advance(TimeSpan.FromHours(3));
            var draw = await DrawAndVerifyAsync(app, legacy.Id);
            Assert.Equal(legacy.SeedCommitment, draw.SeedCommitment);
        });

    private static Contest Published(string name, DateTimeOffset now, IDrawSeedVault vault)
    {
        var contest = Contest.Create(TestContests.Details(name), new ContestSchedule(now.AddHours(-1), now.AddHours(2), "America/New_York"), now.AddDays(-1));
        contest.Publish(now.AddDays(-1), vault);
        return contest;
    }

    /// <summary>The sealed seed; the clear column stays empty for every contest published since.</summary>
    private static async Task<int> KeyCountAsync(WebApplicationFactory<Program> app)
    {
        await using var db = app.Services.GetRequiredService<IDbContextFactory<ContestletDbContext>>().CreateDbContext();
        return await db.DataProtectionKeys.CountAsync();
    }

    private static async Task<byte[]> StoredSeedAsync(ContestletAppFactory app, int contestId)
    {
        await using var db = app.CreateDbContext();
        var contest = await db.Contests.AsNoTracking().SingleAsync(c => c.Id == contestId);
        Assert.Null(contest.DrawSeed);
        return contest.SealedDrawSeed!;
    }

    private static async Task<string> CommitmentAsync(ContestletAppFactory app, int contestId)
    {
        await using var db = app.CreateDbContext();
        return (await db.Contests.AsNoTracking().SingleAsync(c => c.Id == contestId)).SeedCommitment!;
    }

    /// <summary>Draws through the app's service, then recomputes the draw from its published data as the public verifier does.</summary>
    private static async Task<DrawRecord> DrawAndVerifyAsync(ContestletAppFactory app, int contestId)
    {
        DrawOutcome outcome;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            outcome = await scope.ServiceProvider.GetRequiredService<DrawService>().DrawAsync(contestId, Dana, CancellationToken.None).DoneAsync();
        }

        Assert.False(outcome.AlreadyDrawn);
        var draw = outcome.Draw;
        await using var db = app.CreateDbContext();
        var ids = await db.Entries.AsNoTracking().Where(e => e.ContestId == contestId).Select(e => e.Id).ToListAsync();
        Assert.NotEmpty(draw.Winners);
        var verification = DrawVerifier.Verify(draw.Seed, draw.SeedCommitment, ids, draw.WinnerCount, draw.AlternateCount,
            draw.Winners, draw.Alternates, draw.EntryListHash);
        Assert.True(verification.Verified, string.Join(" ", verification.Problems));
        return draw;
    }

    /// <summary>How seeds were stored before they were sealed.</summary>
    private sealed class ClearSeeds : IDrawSeedVault
    {
        public byte[] Seal(byte[] seed) => seed;

        public byte[] Open(byte[] sealedSeed) => throw new CryptographicException("Not sealed.");
    }
}
