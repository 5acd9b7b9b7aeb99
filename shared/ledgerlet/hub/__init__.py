"""The hub: Ledgerlet's single DynamoDB table and the only code that talks to it."""
