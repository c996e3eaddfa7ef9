using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;
using Portal.Server.Components.Account;
using Portal.Server.Data;
using Portal.Server.Features.Applications;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Casework;
using Portal.Server.Features.Catalog;
using Portal.Server.Features.Collections;
using Portal.Server.Features.Feedback;
using Portal.Server.Features.Promotions;
using Portal.Server.Features.Complaints;
using Portal.Server.Features.Dashboard;
using Portal.Server.Features.Staff;
using Portal.Server.Features.Documents;
using Portal.Server.Features.Loans;
using Portal.Server.Features.Messages;
using Portal.Server.Features.Payments;
using Portal.Server.Features.Prospects;
using Portal.Server.Infrastructure;
using Portal.Server.Infrastructure.Email;
using Portal.Shared.Features.Audit;
using Portal.Shared.Features.Casework;
using Portal.Shared.Features.Loans;
using Portal.Shared.Features.Messages;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Features.Collections;
using Portal.Shared.Features.Feedback;
using Portal.Shared.Features.Promotions;
using Portal.Shared.Security;
using Scalar.AspNetCore;

namespace Portal.Server;

/// <summary>Program.cs, composed: each method adds or maps one concern.</summary>
public static class Setup
{
    public static readonly CultureInfo[] Cultures = [new("en"), new("zh-Hans")];

    /// <summary>Every service of the portal: what Program.cs, the benchmarks and the tests' own hosts build.</summary>
    public static IHostApplicationBuilder AddPortal(this IHostApplicationBuilder builder)
    {
        builder.AddPortalDatabase();
        builder.AddPortalIdentity();
        EmailSetup.AddPortalEmail(builder);
        builder.AddPortalWeb();
        builder.AddPortalFeatures();
        return builder;
    }

    public static IHostApplicationBuilder AddPortalIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        // The account forms' limits (AccountLimits): Identity's lockout is the per-account one.
        services.AddOptions<AccountLimitOptions>().Bind(builder.Configuration.GetSection("Security"))
            .Validate(o => o is { SignInFailuresPerAccount: > 0, AccountLockoutMinutes: > 0, SignInFailureWindowMinutes: > 0, AccountEmailsPerAddress: > 0,
                AccountEmailsPerRecipient: > 0, AccountEmailWindowMinutes: > 0, ContactRequestsPerAddress: > 0 },
                "Security: every allowance and window of the account forms must be at least 1.")
            .Validate(o => o.SignInFailuresPerAddress >= o.SignInFailuresPerAccount,
                "Security:SignInFailuresPerAddress must be at least Security:SignInFailuresPerAccount: many people may share one address.")
            .Validate(o => o is { StaffIdleMinutes: > 0 } && o.StaffIdleMinutes <= o.CustomerIdleMinutes,
                "Security:StaffIdleMinutes must be at least 1 and no more than Security:CustomerIdleMinutes: staff sessions see every customer's data.")
            .ValidateOnStart();
        var limits = builder.Configuration.GetSection("Security").Get<AccountLimitOptions>() ?? new AccountLimitOptions();
        services.AddScoped<AccountLimits>();
        services.AddScoped<DecoyPassword>();

        services.AddIdentityCore<PortalUser>(o =>
            {
                o.SignIn.RequireConfirmedAccount = true;
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                // NIST 800-63B: length, not composition rules.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.MaxFailedAccessAttempts = limits.SignInFailuresPerAccount;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(limits.AccountLockoutMinutes);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddUserManager<PortalUserManager>()
            .AddPasswordValidator<PasswordRules>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            // Registered after the defaults, so it replaces Identity's authenticator check: a code is accepted once.
            .AddTokenProvider<AuthenticatorCodes>(TokenOptions.DefaultAuthenticatorProvider);

        // Every cookie (sign-in, two-factor step, antiforgery) is Secure except on a developer's plain-http laptop and in tests.
        var plainHttp = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing");
        var secure = plainHttp ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        // "__Host-": the browser takes the cookie only over https, for this host alone (no Domain), for the whole site,
        // so neither a sibling subdomain nor a plain-http page can plant or overwrite a sign-in.
        var prefix = plainHttp ? "" : "__Host-";

        // Sessions live in the database (SessionStore): signing out, a new password or a disabled account ends them there.
        services.AddSingleton<SessionStore>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<SessionStore>((o, store) => o.SessionStore = store);
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = prefix + "portal.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = "/Account/Login";
            o.AccessDeniedPath = "/Account/AccessDenied";
            // The API answers 401/403; only pages redirect to the sign-in form.
            o.Events.OnRedirectToLogin = c => ApiOrRedirect(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => ApiOrRedirect(c, StatusCodes.Status403Forbidden);
        });
        // Every 30 minutes Identity rebuilds the sign-in from the database; the second-factor claim
        // exists only in the cookie, so carry it over or staff would lose their pages mid-session.
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = context =>
        {
            if (context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
                foreach (var amr in context.CurrentPrincipal?.FindAll(Permissions.MfaClaimType) ?? [])
                    if (!identity.HasClaim(amr.Type, amr.Value)) identity.AddClaim(new System.Security.Claims.Claim(amr.Type, amr.Value));
            return Task.CompletedTask;
        });
        services.AddAuthorization(o => o.AddPermissionPolicies());

        services.PostConfigureAll<CookieAuthenticationOptions>(o =>
        {
            o.Cookie.SecurePolicy = secure;
            o.Cookie.Path = "/"; // as __Host- demands, even under a PathBase (browsers would drop the cookie otherwise)
        });
        services.ConfigureExternalCookie(o => o.Cookie.Name = prefix + "portal.external");
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o => o.Cookie.Name = prefix + "portal.2fa");
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme, o => o.Cookie.Name = prefix + "portal.2fa-remember");
        services.AddAntiforgery(o =>
        {
            o.Cookie.SecurePolicy = secure;
            o.Cookie.Name = prefix + "portal.antiforgery";
            o.Cookie.Path = "/";
        });

        services.AddScoped<IdentityEmailSender>();
        services.AddScoped<IEmailSender<PortalUser>>(sp => sp.GetRequiredService<IdentityEmailSender>());
        return builder;
    }

    /// <summary>Only what the browser needs to decide what to offer: never the security stamp or other internals.</summary>
    private static ValueTask<AuthenticationStateData?> BrowserClaims(AuthenticationState state)
    {
        if (state.User.Identity?.IsAuthenticated != true) return ValueTask.FromResult<AuthenticationStateData?>(null);
        var data = new AuthenticationStateData();
        foreach (var claim in state.User.Claims.Where(c => c.Type is ClaimTypes.Name or ClaimTypes.NameIdentifier or ClaimTypes.Role or Permissions.MfaClaimType))
            data.Claims.Add(new ClaimData(claim.Type, claim.Value));
        return ValueTask.FromResult<AuthenticationStateData?>(data);
    }

    private static Task ApiOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> c, int status)
    {
        if (c.Request.Path.StartsWithSegments("/api")) c.Response.StatusCode = status;
        else c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }

    public static IHostApplicationBuilder AddPortalWeb(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PortalOptions>().Bind(builder.Configuration.GetSection("Portal"))
            .Validate(o => (builder.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(o.PublicBaseUrl)) || Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _),
                "Portal:PublicBaseUrl must be the portal's public address (e.g. https://loans.example.com); it may be left out only in Development.")
            .Validate(o => o.HstsMaxAgeDays >= 1, "Portal:HstsMaxAgeDays must be at least 1.")
            .ValidateOnStart();
        services.AddOptions<Microsoft.AspNetCore.HttpsPolicy.HstsOptions>().Configure<Microsoft.Extensions.Options.IOptions<PortalOptions>>((o, portal) =>
        {
            o.MaxAge = TimeSpan.FromDays(portal.Value.HstsMaxAgeDays);
            o.IncludeSubDomains = portal.Value.HstsIncludeSubDomains;
        });
        services.AddSingleton<PublicAddress>();
        services.AddRazorComponents()
            .AddInteractiveWebAssemblyComponents()
            .AddAuthenticationStateSerialization(o => o.SerializationCallback = BrowserClaims);
        services.AddMudServices(Portal.Client.Layout.MudSettings.Apply);
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        builder.AddPortalKeyRing();
        services.AddHttpContextAccessor();
        services.AddProblemDetails();
        // Unreadable requests become exceptions too, so they get the same ProblemDetails as the rest.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddOpenApi();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        return builder;
    }

    /// <summary>Each feature registers its own services and options (Features/&lt;F&gt;/&lt;F&gt;Setup.cs).</summary>
    public static IHostApplicationBuilder AddPortalFeatures(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LocalCalendar>();
        return builder.AddCatalog().AddApplications().AddDocuments().AddCasework().AddAudit().AddStaffAccounts().AddMessages()
            .AddLoans().AddPayments().AddCollections().AddFeedback().AddPromotions().AddComplaints().AddDashboard().AddProspects();
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/Error",
            CreateScopeForErrors = true,
            // Pages too: a database restarting is "try again shortly", for people and for load balancers alike.
            StatusCodeSelector = e => ProblemDetailsExceptionHandler.IsDatabaseUnavailable(e) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
        });
        if (app.Environment.IsDevelopment())
        {
            app.UseWebAssemblyDebugging();
        }
        else
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseSecurityHeaders(app.Environment.IsDevelopment());
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // Pages get the friendly 404 page; the API answers every error with ProblemDetails, even a bare 401/403/404.
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api"))
            {
                await next(context);
                return;
            }
            if (context.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
            await next(context);
            if (context.Response.StatusCode >= 400 && !context.Response.HasStarted && context.Response.ContentLength is null)
                await TypedResults.Problem(statusCode: context.Response.StatusCode, extensions: new Dictionary<string, object?> { ["traceId"] = context.TraceIdentifier })
                    .ExecuteAsync(context);
        });
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseOutputCache(); // after authentication: whether a page may come from the cache depends on who asks
        app.UseAntiforgery();
        // Static files need nobody's sign-in: the session store leaves them anonymous rather than read the database for each.
        app.MapStaticAssets().Add(b => b.Metadata.Add(StaticFile.Marker));
        return app;
    }

    /// <summary>The pages, prerendered here and interactive in the browser; the catalog visitors see comes from memory.</summary>
    public static WebApplication MapPortalPages(this WebApplication app)
    {
        app.MapRazorComponents<Portal.Server.Components.App>()
            .AddInteractiveWebAssemblyRenderMode()
            .AddAdditionalAssemblies(typeof(Portal.Client._Imports).Assembly)
            .CacheOutput(PublicPages.Policy); // anonymous catalog pages only: the policy decides
        return app;
    }

    public static WebApplication MapPortalEndpoints(this WebApplication app)
    {
        // Readiness (database reachable and migrated) for the load balancer; liveness (the process answers) for a restarter.
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        if (app.Environment.IsDevelopment() || app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PortalOptions>>().Value.PublishOpenApi)
            app.MapOpenApi();
        if (app.Environment.IsDevelopment()) app.MapScalarApiReference();
        app.MapCultureEndpoint();
        app.MapAdditionalIdentityEndpoints();
        app.MapCatalogEndpoints();
        app.MapApplicationsEndpoints();
        app.MapCaseworkEndpoints();
        app.MapAuditEndpoints();
        app.MapStaffAccountsEndpoints();
        app.MapMessagesEndpoints();
        app.MapLoansEndpoints();
        app.MapPaymentsEndpoints();
        app.MapCollectionsEndpoints();
        app.MapFeedbackEndpoints();
        app.MapPromotionsEndpoints();
        app.MapComplaintsEndpoints();
        app.MapDashboardEndpoints();
        app.MapProspectsEndpoints();
        return app;
    }

    /// <summary>The language switcher: a plain link, so it works on static pages and without script.</summary>
    private static void MapCultureEndpoint(this WebApplication app) =>
        app.MapGet("/culture", (string culture, string? returnUrl, HttpContext http, TimeProvider clock) =>
        {
            if (Cultures.Any(c => c.Name == culture))
            {
                http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { Expires = clock.GetUtcNow().AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps });
            }
            return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).ExcludeFromDescription();

    // "/x" but not "//host" or "/\host", which browsers treat as another site.
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
