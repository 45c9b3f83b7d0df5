print('h\u00e9llo \u2603 \U0001F600')
