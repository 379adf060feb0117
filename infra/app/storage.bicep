param name string
param location string
param tags object

@allowed([ 'Enabled', 'Disabled' ])
@description('Disabled: reach the account only through private endpoints (see README, "Private network").')
param publicNetworkAccess string = 'Enabled'

// Every queue and table the code uses (Core/Messaging/QueueNames.cs, Core/Storage/TableNames.cs); a test in
// Tests/ compares these lists with the code. Each queue gets its poison queue, which the runtime writes to.
var queueNames = [ 'exports', 'workouts', 'checkins', 'recompute', 'emails', 'connections' ]
var tableNames = [ 'Athletes', 'Training', 'Rejections', 'Ingestions', 'Nonces', 'Connections' ]
var deploymentContainerName = 'app-package'
var containerNames = [ deploymentContainerName, 'exports', 'claims' ]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: publicNetworkAccess
    networkAcls: { defaultAction: publicNetworkAccess == 'Enabled' ? 'Allow' : 'Deny', bypass: 'AzureServices' }
  }
}

// Soft delete: a blob or container deleted by mistake (or by an attacker) can be brought back for 7 days.
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 7 }
    containerDeleteRetentionPolicy: { enabled: true, days: 7 }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for container in containerNames: {
  parent: blobService
  name: container
  properties: { publicAccess: 'None' }
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in concat(queueNames, map(queueNames, q => '${q}-poison')): {
  parent: queueService
  name: queue
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for table in tableNames: {
  parent: tableService
  name: table
}]

@minValue(1)
@description('Days a raw upload is kept in exports before it is deleted (Retention__ExportDays; health data kept no longer than needed).')
param exportRetentionDays int = 30

// Claim-check bodies are only needed while their message is in flight; raw uploads (an Apple Health export holds
// far more than workouts) only until they are imported and an athlete could ask for them again.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-claim-checks'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: [ 'blockBlob' ], prefixMatch: [ 'claims/' ] }
            actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 14 } } }
          }
        }
        {
          name: 'expire-raw-uploads'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: [ 'blockBlob' ], prefixMatch: [ 'exports/' ] }
            actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: exportRetentionDays } } }
          }
        }
      ]
    }
  }
}

output name string = account.name
output deploymentContainerName string = deploymentContainerName
output queueNames array = queueNames
output allQueueNames array = concat(queueNames, map(queueNames, q => '${q}-poison'))
output tableNames array = tableNames
