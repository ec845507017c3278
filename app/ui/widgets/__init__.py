"""Parts every window uses: labels that elide or wrap and the till's way of making labels and
fields (``labels``), the coloured banners, the customer's card (the cashier's screen and the
manager's customer view show the same one), a QR code, a read-only table model, and money,
points and dates in the language in force. No other package of ``app.ui`` is imported here."""
