using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Contestlet.Bench.Admin;

/// <summary>One step of a recorded unit of work: a command with its parameters, or a transaction boundary.</summary>
public abstract record RecordedStep;

public sealed record RecordedBegin : RecordedStep;

public sealed record RecordedCommit : RecordedStep;

public sealed record RecordedCommand(string Text, IReadOnlyList<RecordedParameter> Parameters) : RecordedStep;

public sealed record RecordedParameter(string Name, object? Value, DbType DbType, NpgsqlTypes.NpgsqlDbType? NpgsqlType);

/// <summary>
/// Records, through EF Core's DiagnosticListener events, every SQL command and transaction boundary the app's own code
/// issues while recording is on. The entry floor replays exactly these statements over raw ADO.NET, so the floor follows
/// whatever the entry operation does today (no hand-copied SQL to drift).
/// </summary>
public sealed class StatementRecorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<RecordedStep> _steps = [];
    private volatile bool _recording;

    public StatementRecorder() => _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

    public IReadOnlyList<RecordedStep> Record(Func<Task> work)
    {
        lock (_steps)
        {
            _steps.Clear();
        }

        _recording = true;
        try
        {
            work().GetAwaiter().GetResult();
        }
        finally
        {
            _recording = false;
        }

        lock (_steps)
        {
            return [.. _steps];
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            _subscriptions.Add(value.Subscribe(this));
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (!_recording)
        {
            return;
        }

        RecordedStep? step = value.Key switch
        {
            _ when value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data => Copy(data.Command),
            _ when value.Key == RelationalEventId.TransactionStarted.Name => new RecordedBegin(),
            _ when value.Key == RelationalEventId.TransactionCommitted.Name => new RecordedCommit(),
            _ => null,
        };
        if (step is not null)
        {
            lock (_steps)
            {
                _steps.Add(step);
            }
        }
    }

    private static RecordedCommand Copy(DbCommand command) =>
        new(command.CommandText, command.Parameters.Cast<DbParameter>()
            .Select(p => new RecordedParameter(p.ParameterName, p.Value, p.DbType, (p as NpgsqlParameter)?.NpgsqlDbType))
            .ToList());

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }
}
