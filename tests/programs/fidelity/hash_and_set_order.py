print(set('abcdefghij'))
print({'x': 1, 'b': 2})
print(hash('hello'))
