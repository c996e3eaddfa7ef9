extern alias client;
using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Resources;
using client::Portal.Client;
using client::Portal.Client.Features.Applications;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Casework;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Features.Collections;
using Portal.Shared.Features.Complaints;
using Portal.Shared.Features.Dashboard;
using Portal.Shared.Features.Documents;
using Portal.Shared.Features.Feedback;
using Portal.Shared.Features.Loans;
using Portal.Shared.Features.Messages;
using Portal.Shared.Features.Payments;
using Portal.Shared.Features.Promotions;
using Portal.Shared.Features.Staff;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Platform;

/// <summary>
/// A text missing in one language shows its key instead, and only to the people reading that language; a text whose key
/// is built from a value (<c>L["State" + state]</c>) is missing only for the value nobody clicked through. Both are
/// checked here, on the resources as built, for every value.
/// </summary>
public sealed class ResourceKeysTests
{
    private static readonly CultureInfo Chinese = new("zh-Hans");

    private static readonly Assembly[] WithTexts = [typeof(SharedText).Assembly, typeof(Strings).Assembly, typeof(Program).Assembly];

    public static TheoryData<string, string> Resources()
    {
        var data = new TheoryData<string, string>();
        foreach (var assembly in WithTexts)
            foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".resources", StringComparison.Ordinal)))
                data.Add(assembly.GetName().Name!, name);
        return data;
    }

    [Fact]
    public void Each_project_with_texts_has_its_resources_found_here()
    {
        Assert.Equal(["Portal.Client.Resources.Strings.resources", "Portal.Server.Resources.Components.Account.AccountStrings.resources", "Portal.Shared.Resources.SharedText.resources"],
            Resources().Select(row => (string)row[1]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public void Every_text_is_in_English_and_in_Chinese(string assemblyName, string resource)
    {
        var assembly = WithTexts.Single(a => a.GetName().Name == assemblyName);
        var english = Keys(assembly, resource);
        var chinese = Keys(assembly.GetSatelliteAssembly(Chinese), resource[..^".resources".Length] + ".zh-Hans.resources");

        Assert.True(english.Except(chinese).ToList() is [], $"Only in English: {string.Join(", ", english.Except(chinese).Order())}");
        Assert.True(chinese.Except(english).ToList() is [], $"Only in Chinese: {string.Join(", ", chinese.Except(english).Order())}");
    }

    [Fact]
    public void Every_text_named_from_a_value_exists_for_each_value()
    {
        // Found with grep for L["Prefix" + value]: each pair below is a prefix and the type its values come from.
        var client = Keys(typeof(Strings).Assembly, "Portal.Client.Resources.Strings.resources");
        var missing = new List<string>();
        void Expect(IReadOnlySet<string> keys, string prefix, IEnumerable<object> values) =>
            missing.AddRange(values.Select(v => prefix + v).Where(key => !keys.Contains(key)));
        void Enum<T>(string prefix) where T : struct, System.Enum => Expect(client, prefix, System.Enum.GetValues<T>().Cast<object>());

        Enum<ApplicationState>("State");
        Enum<ApplicationState>("StaffState");
        Enum<ApplicationState>("StateNow");
        Enum<ApplicationState>("StateNext");
        Enum<ApplicationAction>("Action");
        Enum<ApplicationNames.Step>("Step");
        Enum<DeclineReason>("Decline");
        Enum<ReasonCode>("Reason");
        Enum<IndustryRisk>("Industry");
        Enum<DocumentStatus>("DocumentStatus");
        Enum<ProductKind>("Kind");
        Enum<RepaymentMethod>("Method");
        Enum<FeeKind>("FeeKind");
        Enum<RateRegime>("AprLabel");
        Enum<QueueSort>("QueueSort");
        Enum<InstalmentState>("Instalment");
        Enum<PaymentStatus>("PaymentStatus");
        Enum<PaymentKind>("PaymentKind");
        Enum<LoanState>("LoanState");
        Enum<LoanClassification>("Classification");
        Enum<ContactChannel>("Channel");
        Enum<DisposalAction>("Disposal");
        Enum<PromiseState>("Promise");
        Enum<PromotionPhase>("PromoPhase");
        Enum<PromotionKind>("PromoKind");
        Enum<ComplaintCategory>("ComplaintCategory");
        Enum<ComplaintStatus>("ComplaintStatus");
        Enum<RatingStage>("RatingStage");
        Enum<RatingStage>("RateQuestion");
        Enum<FunnelStage>("Funnel");
        Enum<OutboxStatus>("Outbox");
        Enum<StaffAccountStatus>("StaffStatus");
        Expect(client, "Role", Roles.All);
        Expect(client, "RateScore", Enumerable.Range(1, 5).Cast<object>());
        Expect(Keys(typeof(SharedText).Assembly, "Portal.Shared.Resources.SharedText.resources"), "Blocker",
            System.Enum.GetValues<Blocker>().Cast<object>());

        Assert.True(missing is [], $"No text for: {string.Join(", ", missing)}");
    }

    private static HashSet<string> Keys(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no {resource}.");
        using var reader = new ResourceReader(stream);
        return reader.Cast<DictionaryEntry>().Select(e => (string)e.Key).ToHashSet(StringComparer.Ordinal);
    }
}
