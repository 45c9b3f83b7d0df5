import threading
def work():
    print('thread ran')
t = threading.Thread(target=work)
t.start()
