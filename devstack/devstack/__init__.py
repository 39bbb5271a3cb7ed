"""Development stack: embedded servers, database bootstrap, one-command run, smoke tests."""
