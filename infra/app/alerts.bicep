param storageAccountName string
param tags object
param location string
param logAnalyticsName string

@description('Where an operator is told about a backlog or a poisoned message. Empty: the alerts fire with no one told.')
param operatorEmail string = ''

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource operators 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-operators-${storageAccountName}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'backsignal'
    enabled: true
    emailReceivers: empty(operatorEmail) ? [] : [
      { name: 'operator', emailAddress: operatorEmail, useCommonAlertSchema: true }
    ]
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}

// Azure Monitor counts queue messages per account, not per queue: a rise of the account's message count that
// lasts an hour means messages are piling up (in a poison queue or behind a failing function). The poison queues
// themselves are listed in the README's "When something fails".
resource backlog 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'queue-backlog-${storageAccountName}'
  location: 'global'
  tags: tags
  properties: {
    description: 'Queue messages have stayed above 100 for an hour: check the -poison queues and the function logs.'
    severity: 2
    enabled: true
    scopes: [ queueService.id ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: 'backlog'
          criterionType: 'StaticThresholdCriterion'
          metricNamespace: 'Microsoft.Storage/storageAccounts/queueServices'
          metricName: 'QueueMessageCount'
          operator: 'GreaterThan'
          threshold: 100
          timeAggregation: 'Average'
        }
      ]
    }
    actions: [ { actionGroupId: operators.id } ]
  }
}

// Any message moved to a -poison queue: it failed maxDequeueCount times and waits for an operator (`replay`).
// Queue metrics have no per-queue dimension, so this reads the queue logs of the diagnostic settings.
resource poisoned 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'poison-message-${storageAccountName}'
  location: location
  tags: tags
  properties: {
    description: 'A message landed in a -poison queue: find the cause in the function logs, fix it, then replay.'
    severity: 1
    enabled: true
    scopes: [ workspace.id ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: 'StorageQueueLogs | where OperationName == "PutMessage" and Uri has "-poison"'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: { actionGroups: [ operators.id ] }
  }
}

