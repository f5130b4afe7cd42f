namespace Contestlet.Domain.Common;

/// <summary>A business rule was broken. The message is written for the person who tried.</summary>
public class DomainRuleException(string message) : Exception(message);
