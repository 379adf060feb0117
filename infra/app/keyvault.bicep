param name string
param location string
param tags object

@allowed([ 'Enabled', 'Disabled' ])
param publicNetworkAccess string = 'Enabled'

@secure()
param sendGridApiKey string

@secure()
@description('The key of the one-way athlete references in logs (HMAC); empty: set the secret later.')
param logReferenceKey string

@secure()
@description('The HMAC key of signed links (check-in, coach, upload); empty: set the secret later.')
param linkSigningKey string

@secure()
@description('The secret the SendGrid Inbound Parse URL carries (?code=); empty: set the secret later.')
param inboundWebhookSecret string = ''

@secure()
@description('Strava API application\'s client secret; empty: Strava is not offered until it is set.')
param stravaClientSecret string = ''

@secure()
@description('What Strava\'s webhook subscription challenge must carry as hub.verify_token.')
param stravaVerifyToken string = ''

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: publicNetworkAccess
  }
}

// Created only when a key is given; otherwise set it after deployment (README: "Set the SendGrid key").
resource sendGridSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(sendGridApiKey)) {
  parent: vault
  name: 'sendgrid-api-key'
  properties: {
    value: sendGridApiKey
    contentType: 'SendGrid API key'
  }
}

// Logs name athletes by a keyed hash only: without this key a list of likely ids cannot be matched to them.
resource logReferenceSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(logReferenceKey)) {
  parent: vault
  name: 'log-reference-key'
  properties: {
    value: logReferenceKey
    contentType: 'HMAC key of athlete references in logs'
  }
}

// Links are signed with this key; rotation keeps the old one as links-signing-key-previous (README).
resource linkSigningSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(linkSigningKey)) {
  parent: vault
  name: 'links-signing-key'
  properties: {
    value: linkSigningKey
    contentType: 'HMAC key of signed links'
  }
}

// The mail-in webhook's own key, checked by the app before it reads a mail (besides the function key).
resource inboundWebhookSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(inboundWebhookSecret)) {
  parent: vault
  name: 'inbound-webhook-secret'
  properties: {
    value: inboundWebhookSecret
    contentType: 'Key of the SendGrid Inbound Parse webhook'
  }
}

// Strava's client secret and the webhook's verify token: settings read as Key Vault references.
resource stravaClientSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(stravaClientSecret)) {
  parent: vault
  name: 'strava-client-secret'
  properties: {
    value: stravaClientSecret
    contentType: 'Strava API client secret'
  }
}

resource stravaVerifyTokenValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(stravaVerifyToken)) {
  parent: vault
  name: 'strava-verify-token'
  properties: {
    value: stravaVerifyToken
    contentType: 'Strava webhook verify token'
  }
}

output name string = vault.name
// Connected accounts' keys and tokens are written here by the app itself (Secrets__VaultUri).
output vaultUri string = vault.properties.vaultUri
output stravaClientSecretUri string = '${vault.properties.vaultUri}secrets/strava-client-secret'
output stravaVerifyTokenUri string = '${vault.properties.vaultUri}secrets/strava-verify-token'
output inboundWebhookSecretUri string = '${vault.properties.vaultUri}secrets/inbound-webhook-secret'
output linkPreviousSigningSecretUri string = '${vault.properties.vaultUri}secrets/links-signing-key-previous'
output linkSigningSecretUri string = '${vault.properties.vaultUri}secrets/links-signing-key'
output logReferenceSecretUri string = '${vault.properties.vaultUri}secrets/log-reference-key'
// The versionless URI, so that a rotated key is picked up without a redeployment.
output sendGridSecretUri string = '${vault.properties.vaultUri}secrets/sendgrid-api-key'
