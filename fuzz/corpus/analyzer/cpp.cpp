auto s = R"delim(raw " string )delim"; std::string t = u8"x\"y"; // line \
continued comment
template <class T> T* make() { return new T[10]; } int x = 1'000'000;
