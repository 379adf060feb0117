param storageAccountName string
param tags object

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
  }
}

