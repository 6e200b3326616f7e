//! Stage 3c: semantic comparison of two policy versions (issue: diff).
