from django.test import RequestFactory

from toegang.netwerk import client_adres


def _request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **meta)


def test_without_proxies_the_socket_address_counts_and_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_adres(_request(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "10.0.0.2"


def test_behind_one_proxy_the_address_it_saw_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_adres(_request(HTTP_X_FORWARDED_FOR="198.51.100.7")) == "198.51.100.7"


def test_a_client_cannot_choose_its_address_by_sending_the_header_itself(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = _request(HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert client_adres(request) == "198.51.100.7"


def test_two_proxies_take_the_second_entry_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = _request(HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 10.0.0.1")
    assert client_adres(request) == "198.51.100.7"


def test_missing_header_behind_a_proxy_falls_back_to_the_socket(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_adres(_request()) == "10.0.0.2"
