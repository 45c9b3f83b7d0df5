# feature: exceptions
class AppError(Exception):
    pass
class NotFound(AppError):
    def __init__(self, key):
        super().__init__(f"missing {key!r}")
        self.key = key
def lookup(k):
    raise NotFound(k)
for exc_type in (NotFound, AppError, Exception):
    try:
        lookup("x")
    except exc_type as e:
        print(exc_type.__name__, "caught", e, e.key, isinstance(e, AppError))
try:
    raise AppError
except AppError as e:
    print(repr(e), e.args)
