using System.Net;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Admin.Entries;
using Microsoft.EntityFrameworkCore;
using static Contestlet.Web.Tests.Integration.Winners.WinnersFixture;

namespace Contestlet.Web.Tests.Integration.Admin.Entries;

/// <summary>
/// Tests that measure the process's memory (<see cref="GC.GetTotalMemory"/>) run alone: beside other tests' hosts and data
/// the figure is theirs too (hundreds of MB once the suite grew), whatever the code under test does.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryCollection
{
    public const string Name = "Measures the process's memory";
}

[Collection(ProcessMemoryCollection.Name)]
public sealed class EntriesExportTests
{
    private const int LargeContest = 200_000;

    /// <summary>Well under what 200,000 buffered rows would hold (tens of MB), well over a streaming writer's buffers.</summary>
    private const long RetainedBytesLimit = 24 * 1024 * 1024;

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task StreamsEveryRowOfALargeContestInBoundedMemory(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, _) = await SeedEndedContestAsync(app, entryCount: 0);
            await using (var db = app.CreateDbContext())
            {
                await BulkInsertEntriesAsync(db, contest.Id, LargeContest, app.Time.GetUtcNow().AddDays(-2));
            }

            var output = new SamplingStream();
            var written = await Service<AdminEntries>(app).WriteCsvAsync(contest.Id, fullPhones: false, output, CancellationToken.None);

            Assert.Equal(LargeContest, written);
            Assert.Equal(LargeContest + 1, output.Lines);
            Assert.True(output.Samples >= 3, $"only {output.Samples} memory samples");
            Assert.True(output.MaxRetainedGrowth < RetainedBytesLimit, $"retained memory grew by {output.MaxRetainedGrowth:N0} bytes while streaming");
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task CsvMasksPhonesUnlessFullIsAsked(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, _) = await SeedEndedContestAsync(app, entryCount: 3);
            var client = ClientSignedInAs(app, Contestlet.Domain.Phones.PhoneNumber.FromE164(AdminPhone), isAdmin: true);

            var masked = await CsvExport.PostAsync(client, contest.Id);
            var full = await CsvExport.PostAsync(client, contest.Id, fullPhones: true);
            var maskedText = await masked.Content.ReadAsStringAsync();
            var fullText = await full.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, masked.StatusCode);
            Assert.Equal("text/csv", masked.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("id,reference,phone,", maskedText, StringComparison.Ordinal);
            Assert.Equal(4, maskedText.TrimEnd().Split('\n').Length);
            Assert.Contains("'+1•••••0002", maskedText, StringComparison.Ordinal);
            Assert.DoesNotContain("+15550100002", maskedText, StringComparison.Ordinal);
            Assert.Contains("+15550100002", fullText, StringComparison.Ordinal);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task CsvDeniesAnonymousAndContestants(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, _) = await SeedEndedContestAsync(app, entryCount: 1);
            var path = AdminEntryEndpoints.CsvPath(contest.Id);

            var anonymous = await app.CreateBrowserlessClient().PostAsync(path, new FormUrlEncodedContent([]));
            var contestant = await ClientSignedInAs(app, Phone(0), isAdmin: false).PostAsync(path, new FormUrlEncodedContent([]));
            var contestantFollowed = await ClientSignedInAs(app, Phone(0), isAdmin: false, followRedirects: true).PostAsync(path, new FormUrlEncodedContent([]));

            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.StartsWith("/signin", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Redirect, contestant.StatusCode);
            Assert.StartsWith("/forbidden", contestant.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, contestantFollowed.StatusCode);
        });

    private static Task<int> BulkInsertEntriesAsync(ContestletDbContext db, int contestId, int count, DateTimeOffset enteredAt) =>
        db.Kind == DatabaseKind.Sqlite
            ? db.Database.ExecuteSqlRawAsync("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {1})
                INSERT INTO entries ("ContestId", "PhoneE164", "PhoneLast4", "PeriodKey", "Reference", "EnteredAt")
                SELECT {0}, '+1555' || printf('%07d', i), printf('%04d', i % 10000), 'contest', 'B-' || printf('%08d', i), {2} + i
                FROM n
                """, contestId, count, enteredAt.UtcTicks)
            : db.Database.ExecuteSqlRawAsync("""
                INSERT INTO entries ("ContestId", "PhoneE164", "PhoneLast4", "PeriodKey", "Reference", "EnteredAt")
                SELECT {0}, '+1555' || lpad(i::text, 7, '0'), lpad((i % 10000)::text, 4, '0'), 'contest', 'B-' || lpad(i::text, 8, '0'),
                       {2} + make_interval(secs => i)
                FROM generate_series(1, {1}) AS i
                """, contestId, count, enteredAt);

    /// <summary>Counts lines and samples the heap's live size (after a full collection) every 50,000 lines.</summary>
    private sealed class SamplingStream : Stream
    {
        private readonly long _baseline = GC.GetTotalMemory(forceFullCollection: true);
        private long _nextSample = 50_000;

        public long Lines { get; private set; }
        public int Samples { get; private set; }
        public long MaxRetainedGrowth { get; private set; }

        public override void Write(byte[] buffer, int offset, int count) => Count(buffer.AsSpan(offset, count));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Count(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        private void Count(ReadOnlySpan<byte> bytes)
        {
            Lines += bytes.Count((byte)'\n');
            if (Lines >= _nextSample)
            {
                _nextSample += 50_000;
                Samples++;
                MaxRetainedGrowth = Math.Max(MaxRetainedGrowth, GC.GetTotalMemory(forceFullCollection: true) - _baseline);
            }
        }

        public override void Flush()
        {
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
