// BackSignal on Azure: Functions on the Flex Consumption plan, Storage (queues, tables, blobs) reached with a
// user-assigned managed identity only, Key Vault for the SendGrid key, Application Insights without local auth.
// Laid out like Azure-Samples/functions-quickstart-dotnet-azd, with resources declared directly (the public
// module registry is not reachable from the machines this is built on).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to name and tag every resource.')
param environmentName string

@minLength(1)
@description('Azure region for all resources (Flex Consumption must be offered there).')
param location string

@description('Object id of the deploying user or service principal, granted data access for troubleshooting. Empty: none.')
param principalId string = ''

@allowed([ 'User', 'ServicePrincipal' ])
param principalType string = 'User'

@allowed([ 512, 2048, 4096 ])
@description('Memory of each function instance in MB.')
param instanceMemoryMB int = 2048

@minValue(40)
@maxValue(1000)
@description('Upper bound of scale-out; bounds cost and the load on one storage account.')
param maximumInstanceCount int = 40

@secure()
@description('SendGrid API key, stored in Key Vault. Leave empty and set the secret later (see README).')
param sendGridApiKey string = ''

@secure()
@description('HMAC key of the athlete references in logs, stored in Key Vault. Leave empty and set the secret once later (see README): a new key on every deployment would make references incomparable.')
param logReferenceKey string = ''

@secure()
@description('HMAC key of signed links (check-in, coach, upload), stored in Key Vault. Leave empty and set the secret once later (README: "Links and the mail-in address").')
param linkSigningKey string = ''

@secure()
@description('The key the SendGrid Inbound Parse URL carries (?code=), stored in Key Vault: base64 of 32 random bytes (openssl rand -base64 32). Leave empty and set the secret later (README).')
param inboundWebhookSecret string = ''

@description('Strava API application\'s client id (strava.com/settings/api); empty: Strava is not offered.')
param stravaClientId string = ''

@secure()
@description('Strava API application\'s client secret, kept in Key Vault.')
param stravaClientSecret string = ''

@secure()
@description('The verify token of Strava\'s webhook subscription challenge, kept in Key Vault.')
param stravaVerifyToken string = ''

@description('Give the deploying user (principalId) data roles on storage and Key Vault secrets (for local tools against the cloud); off by default.')
param grantDeployerDataRoles bool = false

@description('The domain of the athletes\' personal import addresses ({reference}@domain); point its MX record at SendGrid Inbound Parse.')
param inboundDomain string = 'import.example.com'

@description('Operator address for the backlog and poison-queue alerts.')
param operatorEmail string = ''

@allowed([ 'Enabled', 'Disabled' ])
@description('Public network access of the storage account and Key Vault; Disabled needs private endpoints (README).')
param publicNetworkAccess string = 'Enabled'

@description('Verified SendGrid sender address.')
param sendGridFromEmail string = 'alerts@backsignal.example'

var tags = { 'azd-env-name': environmentName }
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-func-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    publicNetworkAccess: publicNetworkAccess
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    sendGridApiKey: sendGridApiKey
    logReferenceKey: logReferenceKey
    linkSigningKey: linkSigningKey
    inboundWebhookSecret: inboundWebhookSecret
    stravaClientSecret: stravaClientSecret
    stravaVerifyToken: stravaVerifyToken
    publicNetworkAccess: publicNetworkAccess
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    queueNames: storage.outputs.allQueueNames
    tableNames: storage.outputs.tableNames
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: grantDeployerDataRoles ? principalId : ''
    userPrincipalType: principalType
  }
}

module functions 'app/functions.bicep' = {
  name: 'functions'
  scope: rg
  params: {
    name: 'func-${resourceToken}'
    planName: 'plan-${resourceToken}'
    location: location
    tags: union(tags, { 'azd-service-name': 'functions' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    sendGridSecretUri: keyVault.outputs.sendGridSecretUri
    logReferenceSecretUri: keyVault.outputs.logReferenceSecretUri
    linkSigningSecretUri: keyVault.outputs.linkSigningSecretUri
    linkPreviousSigningSecretUri: keyVault.outputs.linkPreviousSigningSecretUri
    inboundWebhookSecretUri: keyVault.outputs.inboundWebhookSecretUri
    vaultUri: keyVault.outputs.vaultUri
    stravaClientSecretUri: keyVault.outputs.stravaClientSecretUri
    stravaVerifyTokenUri: keyVault.outputs.stravaVerifyTokenUri
    stravaClientId: stravaClientId
    inboundDomain: inboundDomain
    sendGridFromEmail: sendGridFromEmail
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
  dependsOn: [ rbac ]
}

module events 'app/events.bicep' = {
  name: 'events'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    location: location
    tags: tags
  }
}

module diagnostics 'app/diagnostics.bicep' = {
  name: 'diagnostics'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    logAnalyticsName: monitoring.outputs.logAnalyticsName
  }
}

module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    tags: tags
    location: location
    logAnalyticsName: monitoring.outputs.logAnalyticsName
    operatorEmail: operatorEmail
  }
  dependsOn: [ diagnostics ]
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functions.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
