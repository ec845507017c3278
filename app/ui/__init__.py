"""The Qt side, by concept, bottom first (``tests/unit/test_layers.py`` checks the order):
``widgets`` (parts every window uses), ``background`` (the request service and the passes that
run on it), ``settings`` (IT's dialog and its checks), ``manager`` (the journal, the customer
view, settling an operation, the PIN), ``cashier`` (the cashier's window and the controller that
carries out its effects) and ``start`` (the program's start and its first frame). Each imports
only those before it. The rules of the sale are the core's (``app.core``), never a widget's."""
