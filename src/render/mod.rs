//! Stage 3b: the user-facing policy page (issue: rendering).
