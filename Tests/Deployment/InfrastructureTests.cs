using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using BackSignal.Core.Messaging;
using BackSignal.Core.Storage;
using BackSignal.DevHost;

namespace BackSignal.Tests.Deployment;

/// <summary>
/// Builds and lints infra/ with the Bicep CLI from NuGet and checks the compiled ARM template for what a review
/// would check by hand: identity-only storage access, TLS 1.2, no public blobs, Key Vault for the SendGrid key,
/// telemetry without local auth, and every queue and table the code uses.
/// </summary>
public class InfrastructureTests
{
    private static readonly string Root = RepositoryRoot.Find();
    private static readonly Lazy<JsonObject> Template = new(() =>
        JsonNode.Parse(Bicep("build", "infra/main.bicep", "--stdout").Stdout)!.AsObject()
    );

    private static string BicepPath =>
        typeof(InfrastructureTests)
            .Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepPath")
            .Value!.Replace('\\', '/');

    private static (int Exit, string Stdout, string Stderr) Bicep(params string[] args)
    {
        var info = new ProcessStartInfo(BicepPath)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static JsonObject Module(string name) =>
        Template.Value["resources"]!.AsArray().Single(r => (string?)r!["name"] == name)!["properties"]![
            "template"
        ]!.AsObject();

    private static JsonObject Resource(JsonObject template, string type) =>
        template["resources"]!.AsArray().Single(r => (string?)r!["type"] == type)!.AsObject();

    [Fact]
    public void Main_bicep_builds_with_no_errors_and_no_warnings()
    {
        var (exit, stdout, stderr) = Bicep("build", "infra/main.bicep", "--stdout");
        Assert.Equal(0, exit);
        Assert.Equal("", stderr.Trim());
        Assert.StartsWith("{", stdout.TrimStart());
    }

    [Fact]
    public void Main_bicep_passes_the_linter_rules_of_bicepconfig()
    {
        var (exit, stdout, stderr) = Bicep("lint", "infra/main.bicep");
        Assert.Equal(0, exit);
        Assert.Equal("", (stdout + stderr).Trim());
    }

    [Fact]
    public void Storage_allows_identity_access_only_over_tls_12_with_no_public_blobs()
    {
        var account = Resource(Module("storage"), "Microsoft.Storage/storageAccounts")["properties"]!;
        Assert.False((bool)account["allowSharedKeyAccess"]!);
        Assert.False((bool)account["allowBlobPublicAccess"]!);
        Assert.Equal("TLS1_2", (string?)account["minimumTlsVersion"]);
        Assert.True((bool)account["supportsHttpsTrafficOnly"]!);
        Assert.DoesNotContain("listKeys", Template.Value.ToJsonString());
        Assert.DoesNotContain("AccountKey", Template.Value.ToJsonString());
    }

    [Fact]
    public void Every_queue_and_table_the_code_uses_is_declared_with_its_poison_queue()
    {
        var storage = Module("storage");
        var queues = storage["variables"]!["queueNames"]!.AsArray().Select(n => (string)n!).ToList();
        var tables = storage["variables"]!["tableNames"]!.AsArray().Select(n => (string)n!).ToList();
        Assert.Equal(QueueNames.All.Order(), queues.Order());
        Assert.Equal(TableNames.All.Order(), tables.Order());

        var queueResource = Resource(storage, "Microsoft.Storage/storageAccounts/queueServices/queues");
        var loop = queueResource["copy"]!["count"]!.ToString();
        Assert.Contains("-poison", loop);
        var containers = storage["variables"]!["containerNames"]!.ToJsonString();
        Assert.Contains(ContainerNames.Claims, containers);
        Assert.Contains("exports", containers);
    }

    [Fact]
    public void The_function_app_runs_dotnet_isolated_10_on_flex_consumption_with_identity_based_settings()
    {
        var functions = Module("functions");
        var plan = Resource(functions, "Microsoft.Web/serverfarms");
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);

        var site = Resource(functions, "Microsoft.Web/sites");
        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);
        var config = site["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]!["version"]);
        Assert.Equal("UserAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
        Assert.NotNull(site["properties"]!["keyVaultReferenceIdentity"]);
        Assert.Equal("1.2", (string?)site["properties"]!["siteConfig"]!["minTlsVersion"]);

        var settings = Resource(functions, "Microsoft.Web/sites/config")["properties"]!.AsObject();
        Assert.Equal("managedidentity", (string?)settings["AzureWebJobsStorage__credential"]);
        foreach (
            var key in new[]
            {
                "AzureWebJobsStorage__clientId",
                "AzureWebJobsStorage__blobServiceUri",
                "AzureWebJobsStorage__queueServiceUri",
                "AzureWebJobsStorage__tableServiceUri",
            }
        )
            Assert.True(settings.ContainsKey(key), key);
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"));
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", (string?)settings["SendGrid__ApiKey"]);
        // The log references' HMAC key comes from Key Vault too.
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", (string?)settings["Privacy__LogReferenceKey"]);
        Assert.Contains("Authorization=AAD", (string?)settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    private static IEnumerable<JsonObject> Resources(JsonObject template, string type) =>
        template["resources"]!.AsArray().Where(r => (string?)r!["type"] == type).Select(r => r!.AsObject());

    [Fact]
    public void Storage_and_key_vault_audit_to_log_analytics()
    {
        var diagnostics = Module("diagnostics");
        var settings = Resources(diagnostics, "Microsoft.Insights/diagnosticSettings").ToList();
        Assert.Equal(4, settings.Count); // blob, queue, table, Key Vault
        Assert.All(settings.Take(3), d => Assert.Contains("storageLogs", d["properties"]!["logs"]!.ToJsonString()));
        var storageLogs = diagnostics["variables"]!["storageLogs"]!.ToJsonString();
        foreach (var category in new[] { "StorageRead", "StorageWrite", "StorageDelete" })
            Assert.Contains(category, storageLogs);
        Assert.Contains("AuditEvent", settings[3]["properties"]!["logs"]!.ToJsonString());
        Assert.All(settings, d => Assert.NotNull(d["properties"]!["workspaceId"]));
    }

    [Fact]
    public void An_operator_is_told_of_a_backlog_and_of_any_poisoned_message()
    {
        var alerts = Module("alerts");
        var group = Resource(alerts, "Microsoft.Insights/actionGroups");
        Assert.Contains("operatorEmail", group["properties"]!["emailReceivers"]!.ToJsonString());
        Assert.Contains(
            "actionGroups",
            Resource(alerts, "Microsoft.Insights/metricAlerts")["properties"]!["actions"]!.ToJsonString()
        );
        var poison = Resource(alerts, "Microsoft.Insights/scheduledQueryRules")["properties"]!;
        Assert.Contains("-poison", poison["criteria"]!.ToJsonString());
        Assert.Contains("actionGroups", poison["actions"]!.ToJsonString());
        Assert.True(Template.Value["parameters"]!.AsObject().ContainsKey("operatorEmail"));
    }

    [Fact]
    public void Deletion_is_recoverable_network_access_is_a_parameter_and_basic_publishing_is_off()
    {
        var blob = Resource(Module("storage"), "Microsoft.Storage/storageAccounts/blobServices")["properties"]!;
        Assert.True((bool)blob["deleteRetentionPolicy"]!["enabled"]!);
        Assert.True((bool)blob["containerDeleteRetentionPolicy"]!["enabled"]!);
        var vault = Resource(Module("keyvault"), "Microsoft.KeyVault/vaults")["properties"]!;
        Assert.Equal(90, (int)vault["softDeleteRetentionInDays"]!);
        Assert.Contains("publicNetworkAccess", vault["publicNetworkAccess"]!.ToString());
        Assert.Contains(
            "publicNetworkAccess",
            Resource(Module("storage"), "Microsoft.Storage/storageAccounts")["properties"]![
                "publicNetworkAccess"
            ]!.ToString()
        );
        Assert.Equal("Enabled", (string?)Template.Value["parameters"]!["publicNetworkAccess"]!["defaultValue"]);
        var policies = Resources(Module("functions"), "Microsoft.Web/sites/basicPublishingCredentialsPolicies")
            .ToList();
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "host.json")))!;
        Assert.Equal("00:10:00", (string?)host["functionTimeout"]);
    }

    [Fact]
    public void The_apps_queue_and_table_roles_are_scoped_to_its_own_queues_and_tables()
    {
        var rbac = Module("rbac");
        var assignments = Resources(rbac, "Microsoft.Authorization/roleAssignments").ToList();
        string ScopeOf(string copy) => (string)assignments.Single(a => (string?)a["copy"]?["name"] == copy)["scope"]!;
        Assert.Contains("queueServices/queues", ScopeOf("appQueueRoles"));
        Assert.Contains("tableServices/tables", ScopeOf("appTableRoles"));
        // No queue or table role of the app's identity on the whole account any more.
        Assert.DoesNotContain(
            assignments,
            a => a["copy"] is null && a.ToJsonString().Contains("storageQueueDataContributor")
        );
        Assert.DoesNotContain(
            assignments,
            a => a["copy"] is null && a.ToJsonString().Contains("storageTableDataContributor")
        );
    }

    [Fact]
    public void Raw_uploads_and_claim_bodies_expire_by_lifecycle_rules()
    {
        var rules = Resource(Module("storage"), "Microsoft.Storage/storageAccounts/managementPolicies")["properties"]![
            "policy"
        ]!["rules"]!.ToJsonString();
        Assert.Contains("exports/", rules);
        Assert.Contains("claims/", rules);
        Assert.Contains("exportRetentionDays", rules);
    }

    [Fact]
    public void Telemetry_and_key_vault_use_entra_id_only()
    {
        var monitoring = Module("monitoring");
        Assert.True((bool)Resource(monitoring, "Microsoft.Insights/components")["properties"]!["DisableLocalAuth"]!);
        var vault = Resource(Module("keyvault"), "Microsoft.KeyVault/vaults")["properties"]!;
        Assert.True((bool)vault["enableRbacAuthorization"]!);

        var roles = Module("rbac").ToJsonString();
        foreach (
            var role in new[]
            {
                "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
                "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
                "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
                // Key Vault Secrets Officer: the app writes and deletes connected accounts' secrets.
                "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
            }
        )
            Assert.Contains(role, roles);
        // Blob Data Contributor does what the app needs; Owner (ACLs, ownership) it never needs.
        Assert.DoesNotContain("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", roles);
    }

    [Fact]
    public void Blobs_created_in_exports_reach_the_exports_queue_through_Event_Grid_with_the_topics_own_identity()
    {
        var events = Module("events");
        var topic = Resource(events, "Microsoft.EventGrid/systemTopics");
        Assert.Equal("Microsoft.Storage.StorageAccounts", (string?)topic["properties"]!["topicType"]);
        Assert.Equal("SystemAssigned", (string?)topic["identity"]!["type"]);

        var subscription = Resource(events, "Microsoft.EventGrid/systemTopics/eventSubscriptions")["properties"]!;
        var delivery = subscription["deliveryWithResourceIdentity"]!;
        Assert.Equal("SystemAssigned", (string?)delivery["identity"]!["type"]);
        Assert.Equal("StorageQueue", (string?)delivery["destination"]!["endpointType"]);
        Assert.Equal(QueueNames.Exports, (string?)delivery["destination"]!["properties"]!["queueName"]);
        Assert.Equal(
            ["Microsoft.Storage.BlobCreated"],
            subscription["filter"]!["includedEventTypes"]!.AsArray().Select(t => (string)t!)
        );
        Assert.Equal(
            "/blobServices/default/containers/exports/blobs/",
            (string?)subscription["filter"]!["subjectBeginsWith"]
        );
        Assert.Equal("EventGridSchema", (string?)subscription["eventDeliverySchema"]);

        // The topic may only send messages, and only to that queue; and write undeliverable events to its
        // dead-letter container, nothing else.
        var roles = events["resources"]!
            .AsArray()
            .Where(r => (string?)r!["type"] == "Microsoft.Authorization/roleAssignments")
            .ToList();
        Assert.Equal(2, roles.Count);
        var role = roles.Single(r => ((string?)r!["properties"]!["roleDefinitionId"])!.Contains("queueMessageSender"))!;
        Assert.Equal("c6a89b2d-59bc-44d0-9896-0f6e12d7b80a", (string?)events["variables"]!["queueMessageSender"]);
        Assert.Contains("exports", (string?)role["scope"]);
        var deadLetter = subscription["deadLetterWithResourceIdentity"]!;
        Assert.Equal("SystemAssigned", (string?)deadLetter["identity"]!["type"]);
        Assert.Equal("StorageBlob", (string?)deadLetter["deadLetterDestination"]!["endpointType"]);
        Assert.Contains(
            roles,
            r =>
                ((string?)r!["scope"])!.Contains("deadLetterContainer")
                || ((string?)r!["scope"])!.Contains("exports-deadletter")
        );
    }

    [Fact]
    public void Links_are_signed_with_a_Key_Vault_secret_and_the_import_domain_is_a_parameter()
    {
        var settings = Template.Value.ToJsonString();
        Assert.Contains("Links__SigningKey", settings);
        Assert.Contains("secrets/links-signing-key", settings);
        Assert.Contains("Inbound__Domain", settings);
        Assert.NotNull(Template.Value["parameters"]!["inboundDomain"]);
        Assert.Equal("securestring", (string?)Template.Value["parameters"]!["linkSigningKey"]!["type"]);
        // The webhook key and the previous link key come from Key Vault too, never from a plain setting.
        Assert.Contains("Inbound__WebhookSecret", settings);
        Assert.Contains("secrets/inbound-webhook-secret", settings);
        Assert.Contains("Links__PreviousSigningKey", settings);
        Assert.Contains("secrets/links-signing-key-previous", settings);
        Assert.Equal("securestring", (string?)Template.Value["parameters"]!["inboundWebhookSecret"]!["type"]);
        // The deploying user's data roles only when asked for.
        Assert.Equal("bool", (string?)Template.Value["parameters"]!["grantDeployerDataRoles"]!["type"]);
        Assert.False((bool)Template.Value["parameters"]!["grantDeployerDataRoles"]!["defaultValue"]!);
    }

    [Fact]
    public void Connected_accounts_keep_their_secrets_in_Key_Vault_and_Strava_settings_are_references()
    {
        var settings = Template.Value.ToJsonString();
        // The app writes Hevy keys and Strava tokens to the vault it is given.
        Assert.Contains("Secrets__VaultUri", settings);
        Assert.Contains("Hevy__BaseUrl", settings);
        Assert.Contains("Strava__BaseUrl", settings);
        Assert.Contains("Strava__ClientId", settings);
        Assert.Contains("Strava__ClientSecret", settings);
        Assert.Contains("secrets/strava-client-secret", settings);
        Assert.Contains("Strava__VerifyToken", settings);
        Assert.Contains("secrets/strava-verify-token", settings);
        Assert.Equal("securestring", (string?)Template.Value["parameters"]!["stravaClientSecret"]!["type"]);
        Assert.Equal("securestring", (string?)Template.Value["parameters"]!["stravaVerifyToken"]!["type"]);
        // Reading secrets is not enough any more: the role lets the app set and delete them.
        Assert.DoesNotContain("4633458b-17de-408a-b874-0445c86b69e6", Module("rbac").ToJsonString());
    }
}
