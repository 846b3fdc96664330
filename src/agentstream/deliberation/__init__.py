"""What panels and experts share: positions and stances (`position`) and the turn contract
between a strategy and an expert (`turns`). It imports neither package, so both can use it."""
