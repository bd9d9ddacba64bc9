# A greeting written to the stack's workspace, with a number picked once.

variable "who" {
  type    = string
  default = "world"
}

resource "random_integer" "lucky" {
  min = 1
  max = 99
}

resource "terraform_data" "greeting" {
  input = "hello, ${var.who}! your number is ${random_integer.lucky.result}"
}

resource "local_file" "greeting" {
  filename = "greeting.txt"
  content  = terraform_data.greeting.output
}

output "greeting" {
  value = terraform_data.greeting.output
}
