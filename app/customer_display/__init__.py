"""The customer's side of the till (#37): what the customer may see of their sale
(app/core/sale/customer_facing.py), shown on a second screen (window.py) or a 2×20 pole display on a
serial port (pole.py), chosen by the setting ``customer_display = "off" | "auto" |
"screen:N" | "serial:PORT"``. It follows the sale's state and events, never the cashier's
window, and never shows a phone, an email or anything from the journal."""
