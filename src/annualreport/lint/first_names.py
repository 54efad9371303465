"""Common first names of children born in England and Wales, 2005 to 2024.

Drawn from the names that were most often given to babies in those years (the ONS "baby
names" tables), boys' and girls' together, with the usual spellings of a few. The identifying
information check (AR401) looks for one of these names next to a word for a child. A name
missing here is not looked for, so extend the list when the children of an area often have
names it lacks.
"""

from __future__ import annotations

_BOYS = """
Aaron Adam Aiden Aidan Albert Albie Alex Alexander Alfie Alfred Ali Andrew Anthony Archie
Arlo Arthur Austin Ayaan Bailey Ben Benjamin Billy Blake Bobby Bradley Brandon Brody Caleb
Callum Cameron Carter Charles Charlie Christopher Cody Connor Corey Daniel David Declan
Dexter Dominic Dylan Edward Eli Elias Elijah Ellis Elliot Elliott Ethan Ezra Felix Filip
Finley Finn Frankie Freddie Gabriel George Grayson Hamza Harley Harrison Harry Harvey Henry
Hugo Ibrahim Isaac Jack Jackson Jacob Jake Jakub James Jamie Jasper Jaxon Jay Jayden Jenson
Jesse Joe John Jordan Joseph Joshua Jude Kacper Kai Kayden Kian Kieran Kyle Leo Leon Levi
Lewis Liam Lincoln Logan Louie Louis Luca Lucas Luka Luke Marcus Mason Mateo Matthew Max
Michael Milo Mohammad Mohammed Muhammad Muhammed Nathan Nathaniel Nicholas Noah Oliver
Ollie Omar Oscar Oskar Otis Owen Patrick Ralph Reece Reggie Reuben Rhys Riley Roman Ronnie
Rory Rowan Ryan Samuel Sam Sebastian Sean Sonny Stanley Teddy Theo Theodore Thomas Toby
Tommy Tristan Tyler William Yusuf Zachary Zain Zack Mark Bill Will Ted Frank Kaiden Rayan
Musa Ahmed Ayan Hassan Hussain Ismail Kaleb Ezekiel Ronan Tobias Jonah Harris Cole Jax
Brooklyn Kobe Tyrone Jermaine Kwame Kofi Tayo Tomasz Szymon Antoni Aleksander
"""

_GIRLS = """
Abbie Abigail Ada Aimee Aisha Alice Alexandra Amber Amelia Amelie Amina Amy Anna Annabelle
April Arabella Aria Aurora Ava Ayesha Ayla Beatrice Bella Bethany Bonnie Brooke Caitlin
Charlotte Chelsea Chloe Clara Courtney Daisy Darcey Darcie Darcy Delilah Demi Eden Edith
Eleanor Eliza Elizabeth Ella Ellie Elodie Elsie Emilia Emily Emma Erin Esme Eva Evelyn Evie
Faith Fatima Florence Freya Georgia Grace Gracie Hafsa Hallie Hana Hanna Hannah Harper
Harriet Hazel Heidi Holly Hollie Hope Imogen Inaya Iris Isabel Isabella Isabelle Isla Ivy
Jade Jasmine Jennifer Jessica Jodie Jody Joy Julia June Kaitlyn Katie Kate Katherine Kayla
Keira Khadija Lacey Laura Lauren Layla Leah Lena Lexi Libby Lily Lola Lottie Lucy Luna
Lydia Lyla Mabel Maddison Madison Maeve Maisie Margot Maria Martha Maryam Matilda May Maya
Megan Mia Mila Millie Molly Mya Myla Nancy Naomi Natalie Niamh Nicole Nova Olivia Ophelia
Orla Paige Penelope Phoebe Poppy Rachel Rebecca Robyn Rose Rosie Ruby Sara Sarah Scarlett
Shannon Sienna Skye Sofia Sophia Sophie Summer Tegan Thea Tia Tilly Victoria Violet Willow
Zainab Zara Zoe Zoey Zuzanna Mary Lilly Darcy-May Ellie-May Lilly-May Aaliyah Khloe Kaci
Alisha Alesha Jorja Hollie-Mae Mollie Maddie Macie Bella-Rose Ivie Elsa Nevaeh Remi River
Rosa Ruth Safa Sana Sapphire Serenity Sky Tallulah Wren Zofia Oliwia Amara Ama Precious
"""

#: the names, as written (capitalised)
FIRST_NAMES: frozenset[str] = frozenset((_BOYS + _GIRLS).split())

#: names that are also ordinary English words (or months, or RAG colours), so they are only
#: taken for names where the capital cannot come from the start of a sentence
AMBIGUOUS: frozenset[str] = frozenset(
    """Will Grace Hope Rose May Summer Faith Joy Mark Bill Jack Amber Holly Ruby Jade Iris Ivy
    Poppy Daisy Violet Hazel Skye Sky River Eden June April Bonnie Harper Carter Mason
    Brooke Willow Luna Nova Ted Sonny Frank Max Cole Wren Precious Sapphire Serenity Ralph
    Rosa Ruth Kate Sara Sana Faith Heidi Elsa Lily Lilly Summer Robyn Jay Jordan Harley Harris
    Rowan Ellis Lewis Louis Stanley Teddy Dexter Logan Blake Chelsea Brooklyn Bailey""".split()
)

#: the month names in the list: not names when a day or year stands next to them
MONTHS: frozenset[str] = frozenset({"April", "May", "June"})
