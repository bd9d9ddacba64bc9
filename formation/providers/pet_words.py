"""Word lists for random_pet, written for Formation."""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


ADVERBS = _words(
    """
boldly brightly briskly calmly carefully cheerfully closely deeply eagerly
easily evenly fairly firmly freely gently gladly gracefully happily highly
honestly kindly lightly lively loudly merrily mildly neatly nicely openly
patiently politely proudly quickly quietly rapidly rarely readily safely sharply
simply smoothly softly solidly steadily strongly surely swiftly tenderly truly
vastly warmly wholly wildly wisely
"""
)


ADJECTIVES = _words(
    """
able amazing amused ancient apt awake bold brave bright brisk calm careful
charming cheerful clean clever cool cosmic crisp curious daring dear eager easy
elegant epic exotic fair famous fancy fast fine firm fluent fond free fresh
friendly funny gentle giving glad golden good grand great handy happy hardy
helpful honest humble ideal jolly joyful keen kind large lively loyal lucky
magic merry mighty modest neat nice noble patient polite precious proud quick
quiet rapid rare ready real rich robust sacred safe sharp shiny simple smart
smooth social solid special splendid stable steady strong sunny super sure sweet
swift tender tidy true trusty upward usable valid vast warm wise witty worthy
young zesty
"""
)


NAMES = _words(
    """
albatross alpaca ant antelope badger bat bear beaver bee bison bobcat buffalo
bull camel cat cheetah chicken cobra cod condor cougar cow coyote crab crane
crow deer dingo dog dolphin donkey dove duck eagle eel elk emu falcon ferret
finch fish flamingo fox frog gazelle gecko gibbon giraffe goat goose gopher
gorilla grouse gull hare hawk hedgehog heron hippo horse hound ibex iguana
impala jackal jaguar jay kid kiwi koala lamb lark lemur leopard lion lizard
llama lobster lynx macaw magpie mako marmot marten mole mongoose monkey moose
moth mouse mule newt octopus orca oriole osprey otter owl ox panda panther
parrot peacock pelican penguin pheasant pig pigeon pony possum puffin puma
python quail rabbit raccoon ram raven reindeer rhino robin salmon seal shark
sheep shrew skunk sloth snail snake sparrow spider squid squirrel stork swan
tapir tern tiger toad trout turkey turtle viper vulture walrus wasp weasel whale
wolf wombat wren yak zebra
"""
)
