//! Stage 3a: rules over the resolved model (issue: the checker).
