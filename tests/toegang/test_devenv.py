import socket

from toegang import devenv


def test_run_refuses_a_port_in_use_with_a_clear_message(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert devenv.main(["run", "--port", str(port)]) == 1
    message = capsys.readouterr().err
    assert f"port {port} is already in use" in message
    assert f"PORT={port + 1}" in message


def test_exec_without_command_explains_usage(capsys):
    assert devenv.main(["exec"]) == 2
    assert "nothing to run" in capsys.readouterr().err
