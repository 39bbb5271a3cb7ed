"""Payment reminders: the organisation's policy, and announcing reminders as they fall due."""
