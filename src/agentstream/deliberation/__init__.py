"""What panels and experts share: positions and stances (`position`), the turn contract
between a strategy and an expert (`turns`), and the reading of a question that asks for
figures (`figures`). It imports neither package, so both can use it."""
