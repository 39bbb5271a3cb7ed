"""Categories, the rules engine, learning from manual choices and payment matching."""
