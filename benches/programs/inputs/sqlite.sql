SELECT count(*) * 1000 + max(age) FROM people WHERE city = 'Oslo' AND age BETWEEN 30 AND 60 AND name > 'person-2'
