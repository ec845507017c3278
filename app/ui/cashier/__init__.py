"""The cashier's window: the screen top to bottom (header, search, card, checkout panel, the
result), the confirmation, the keys and the touch keypad, the scanner's bursts, the windows F10
and F11 open, and the controller that carries out the workflow's effects. It draws
``app.core.sale.Workflow``'s state and decides nothing the core can."""
