"""The chart of categories: the tree every transaction and report is booked against."""
