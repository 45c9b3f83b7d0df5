# feature: classes
class Config:
    defaults = {"debug": False}
    level = 1
    def bump(self):
        self.level += 1
        return self.level
c = Config()
print(c.bump(), c.bump(), Config.level, c.level)
Config.level = 10
print(Config().level, c.level, "level" in vars(c), sorted(vars(Config).keys())[:3])
print(Config.__name__, Config.__qualname__, Config.__module__, Config.bump.__name__)
