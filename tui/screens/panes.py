"""Where screens with a table and a detail pane put the pane: below the table on a narrow
terminal, beside it from TWO_PANES columns. One number, so every such screen switches at
the same width (the browse screens, history, terminology QA)."""

TWO_PANES = 160  # columns from which the detail pane sits beside the table
