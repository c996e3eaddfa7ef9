using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Portal.Server.Data;

namespace Portal.Server.Components.Account;

/// <summary>
/// A password check's work where there is no account to check against. Sign-in answers an unknown address without
/// hashing anything and registration of a taken address creates nothing, so each would answer many times quicker than
/// for a known one, telling anyone who times them who has an account (README, Benchmarks: sign-in's timing). With this,
/// both spend one hash either way.
/// </summary>
public sealed class DecoyPassword(IPasswordHasher<PortalUser> hasher)
{
    private static readonly PortalUser Nobody = new();
    private static string? decoy;

    /// <summary>As checking a password against an account's hash.</summary>
    public void Verify(string password) =>
        hasher.VerifyHashedPassword(Nobody, decoy ??= hasher.HashPassword(Nobody, RandomNumberGenerator.GetHexString(32)), password);

    /// <summary>As hashing the password of a new account.</summary>
    public void Hash(string password) => hasher.HashPassword(Nobody, password);
}
