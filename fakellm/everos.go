package fakellm

func everosAnswer(msgs []chatMessage) (string, bool) { return "", false }
