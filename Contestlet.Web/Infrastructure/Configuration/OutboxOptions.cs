using System.ComponentModel.DataAnnotations;
using Contestlet.Domain.Notifications;

namespace Contestlet.Web.Infrastructure.Configuration;

/// <summary>The SMS outbox worker (docs/decisions/011-notification-outbox.md).</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Runs the background worker in this instance. Every instance may run it: claims are leased.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Pause between polls when nothing was due.</summary>
    [Range(0.05, 3600)]
    public double PollIntervalSeconds { get; set; } = 5;

    [Range(1, 500)]
    public int BatchSize { get; set; } = 50;

    /// <summary>How long a claim holds; must outlast one send (Sms:Twilio:SendTimeoutSeconds + 30 s, checked at start-up).</summary>
    [Range(30, 3600)]
    public int LeaseSeconds { get; set; } = 300;

    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 8;

    [Range(1, 3600)]
    public int BaseBackOffSeconds { get; set; } = 30;

    [Range(1, 86400)]
    public int MaxBackOffSeconds { get; set; } = 3600;

    /// <summary>Admin sends from the Messages page: how many batches one admin may send an hour.</summary>
    [Range(1, 1000)]
    public int AdminSendsPerHour { get; set; } = 5;

    public TimeSpan PollInterval => TimeSpan.FromSeconds(PollIntervalSeconds);
    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
    public OutboxBackOff BackOff => new(TimeSpan.FromSeconds(BaseBackOffSeconds), TimeSpan.FromSeconds(MaxBackOffSeconds), MaxAttempts);
}
