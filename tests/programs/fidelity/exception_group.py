# requires: 3.11
raise ExceptionGroup('eg', [ValueError(1), TypeError(2)])
