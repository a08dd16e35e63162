"""Operations that change or check the data set: add and edit, import and export batches,
``fmt`` and ``validate``."""
