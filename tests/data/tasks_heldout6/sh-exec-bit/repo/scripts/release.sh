#!/bin/sh
echo releasing
