[
  {
    "name": "app",
    "image": "${image}",
    "user": "${user}",
    "readonlyRootFilesystem": true,
    "linuxParameters": {"capabilities": {"drop": ["ALL"]}},
    "logConfiguration": {"logDriver": "awslogs"}
  }
]
