terraform {
  required_providers {
    origin = {
      source = "originhealth/origin"
    }
  }
}
