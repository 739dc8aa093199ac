"""Fixture for the VS Code end-to-end test: findings with static quick fixes."""
import requests
import yaml


def fetch(url):
    return requests.get(url, verify=False).text


def settings(text):
    return yaml.load(text)
