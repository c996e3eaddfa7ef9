using Microsoft.Data.Sqlite;
using Portal.Server.Tests.Cluster;
using Portal.Tests.Shared;

namespace Portal.Server.Tests.Staff;

/// <summary>The documented command as an operator runs it: the built Portal.Server.dll, Production, a fresh SQLite file.</summary>
public sealed class StaffAccountCommandProcessTests
{
    [Fact]
    public async Task Create_admin_on_a_fresh_production_database_prints_a_set_up_link_on_the_public_address_and_takes_no_password()
    {
        var folder = Directory.CreateTempSubdirectory("portal-create-admin-").FullName;
        try
        {
            var database = Path.Combine(folder, "portal.db");
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["Database__Provider"] = "Sqlite",
                ["ConnectionStrings__Portal"] = $"Data Source={database}",
                ["Database__MigrateAtStart"] = "false",
                ["DataProtection__CertificatePath"] = ClusterFixture.WriteCertificate(folder),
                ["DataProtection__CertificatePassword"] = ClusterFixture.CertificatePassword,
                ["Portal__PublicBaseUrl"] = "https://loans.lender.test",
                ["Email__Folder"] = Path.Combine(folder, "mail"),
                ["Documents__Path"] = Path.Combine(folder, "documents"),
            };

            var (code, output) = await PortalProcess.RunForOutputAsync(environment, "create-admin", "--email", "boss@lender.test", "--name", "Chen Jing");
            Assert.True(code == 0, output);
            Assert.StartsWith("https://loans.lender.test/Account/SetUp?", StaffAccountsTests.SetUpLink().Match(output).Value);

            await using (var connection = new SqliteConnection($"Data Source={database}"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = """
                    SELECT u.DisplayName || '|' || u.EmailConfirmed || '|' || (u.PasswordHash IS NULL) || '|' || r.Name FROM AspNetUsers u
                    JOIN AspNetUserRoles ur ON ur.UserId = u.Id JOIN AspNetRoles r ON r.Id = ur.RoleId WHERE u.Email = 'boss@lender.test'
                    """;
                Assert.Equal("Chen Jing|1|1|Administrator", await command.ExecuteScalarAsync());
            }

            var (refused, said) = await PortalProcess.RunForOutputAsync(environment, "create-admin", "--email", "other@lender.test", "--password", "hunter2hunter2");
            Assert.NotEqual(0, refused);
            Assert.Contains("takes no password", said);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
