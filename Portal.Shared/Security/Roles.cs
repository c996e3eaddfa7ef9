namespace Portal.Shared.Security;

/// <summary>The roles of SPEC section 1. One person may hold several.</summary>
public static class Roles
{
    public const string Customer = "Customer";
    public const string CustomerManager = "CustomerManager";
    public const string RiskOfficer = "RiskOfficer";
    public const string Approver = "Approver";
    public const string LoanOperations = "LoanOperations";
    public const string Marketing = "Marketing";
    public const string ProductManager = "ProductManager";
    public const string Supervisor = "Supervisor";
    public const string Administrator = "Administrator";

    public static readonly IReadOnlyList<string> Staff =
        [CustomerManager, RiskOfficer, Approver, LoanOperations, Marketing, ProductManager, Supervisor, Administrator];

    public static readonly IReadOnlyList<string> All = [Customer, .. Staff];
}
