import click
import requests
