param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param sendGridSecretUri string
param logReferenceSecretUri string
param linkSigningSecretUri string
param linkPreviousSigningSecretUri string
param inboundWebhookSecretUri string
param vaultUri string
param stravaClientSecretUri string
param stravaVerifyTokenUri string
@description('Strava API application\'s client id; empty: Strava is not offered.')
param stravaClientId string
@description('The domain of the personal import addresses; its MX record points at SendGrid Inbound Parse.')
param inboundDomain string
param sendGridFromEmail string
param instanceMemoryMB int
param maximumInstanceCount int

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references (the SendGrid key) resolve with the user-assigned identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // Identity-based connections only: no connection string with a key anywhere.
  resource settings 'config' = {
    name: 'appsettings'
    properties: {
      WeeklySummarySchedule: '0 5 * * * *'
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
      AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
      AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      SendGrid__ApiKey: '@Microsoft.KeyVault(SecretUri=${sendGridSecretUri})'
      SendGrid__FromEmail: sendGridFromEmail
      Privacy__LogReferenceKey: '@Microsoft.KeyVault(SecretUri=${logReferenceSecretUri})'
      Links__SigningKey: '@Microsoft.KeyVault(SecretUri=${linkSigningSecretUri})'
      // Unset until a rotation (README): an unresolved reference here counts as no previous key.
      Links__PreviousSigningKey: '@Microsoft.KeyVault(SecretUri=${linkPreviousSigningSecretUri})'
      Inbound__WebhookSecret: '@Microsoft.KeyVault(SecretUri=${inboundWebhookSecretUri})'
      Links__PublicBaseUrl: 'https://${name}.azurewebsites.net'
      Inbound__Domain: inboundDomain
      Import__InstanceMemoryMb: string(instanceMemoryMB)
      // Connected accounts: their keys and tokens are secrets in this vault, written by the app's identity.
      Secrets__VaultUri: vaultUri
      Hevy__BaseUrl: 'https://api.hevyapp.com'
      Strava__BaseUrl: 'https://www.strava.com'
      Strava__ClientId: stravaClientId
      Strava__ClientSecret: '@Microsoft.KeyVault(SecretUri=${stravaClientSecretUri})'
      Strava__VerifyToken: '@Microsoft.KeyVault(SecretUri=${stravaVerifyTokenUri})'
    }
  }
}

// No FTP or SCM basic-auth publishing: deployments go through Entra ID (azd) only.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: { allow: false }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
