"""A small application that keeps its accounts in a Cognito user pool (the code under test)."""
